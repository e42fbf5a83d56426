package cmd

import (
	"runtime"
	"syscall"
)

// reloadNice is the nice value of a reload's thread: the kernel then
// runs the query workers (nice 0) first whenever both want a core.
const reloadNice = 10

// atLowPriority runs fn on an OS thread of its own at nice reloadNice. An
// unprivileged process cannot raise a thread's priority back, so the
// thread is never handed back to the Go scheduler: it ends with fn.
func atLowPriority[T any](fn func() T) T {
	done := make(chan T, 1)
	go func() {
		runtime.LockOSThread()                                                      // never unlocked: the thread exits with this goroutine
		_ = syscall.Setpriority(syscall.PRIO_PROCESS, syscall.Gettid(), reloadNice) // best effort
		done <- fn()
	}()
	return <-done
}
