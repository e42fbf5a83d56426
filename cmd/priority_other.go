//go:build !linux

package cmd

// atLowPriority runs fn: lowering one thread's priority is Linux's.
func atLowPriority[T any](fn func() T) T { return fn() }
