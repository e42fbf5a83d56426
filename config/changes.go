package config

import (
	"crypto/rand"
	"fmt"
	"sync"
	"time"

	"github.com/r53d/r53d/zones"
)

// maxChanges bounds the changes GetChange can still find: far more than
// any client polls for (Terraform and the CLI's waiter poll the last one).
const maxChanges = 10_000

// changeLog keeps the latest changes by id, the oldest forgotten first.
// It lives in memory: after a restart every change is long in sync.
type changeLog struct {
	mu    sync.Mutex
	byID  map[string]*zones.ChangeInfo
	order []string // ring of ids, oldest at next
	next  int
}

func newChangeLog(limit int) *changeLog {
	return &changeLog{byID: map[string]*zones.ChangeInfo{}, order: make([]string, 0, limit)}
}

// begin records a new change, PENDING until done.
func (l *changeLog) begin(at time.Time, comment string) zones.ChangeInfo {
	c := &zones.ChangeInfo{ID: newChangeID(at), Status: zones.ChangePending, SubmittedAt: at.UTC(), Comment: comment}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.order) < cap(l.order) {
		l.order = append(l.order, c.ID)
	} else {
		delete(l.byID, l.order[l.next])
		l.order[l.next] = c.ID
		l.next = (l.next + 1) % len(l.order)
	}
	l.byID[c.ID] = c
	return *c
}

// done marks a change INSYNC: what it changed is published to the store,
// which DNS answers from. Every write publishes before it returns, so a
// change a client has an id for is already INSYNC; PENDING is seen only
// while the write that made it runs.
func (l *changeLog) done(c zones.ChangeInfo) zones.ChangeInfo {
	l.mu.Lock()
	defer l.mu.Unlock()
	if have, ok := l.byID[c.ID]; ok {
		have.Status = zones.ChangeInSync
	}
	c.Status = zones.ChangeInSync
	return c
}

// forget drops a change whose write failed.
func (l *changeLog) forget(c zones.ChangeInfo) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if have, ok := l.byID[c.ID]; ok {
		have.Status = "" // never reported: the id was not handed out
		delete(l.byID, c.ID)
	}
}

func (l *changeLog) get(id string) (zones.ChangeInfo, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.byID[id]
	if !ok {
		return zones.ChangeInfo{}, false
	}
	return *c, true
}

// Change returns a change made through this Dir (GetChange). A change no
// longer in the log — made by an earlier run, or dropped from the log's
// bounded memory — was published before its call answered, so a
// well-formed id whose time has passed is in sync.
func (d *Dir) Change(id string) (zones.ChangeInfo, error) {
	if c, ok := d.changes.get(id); ok {
		return c, nil
	}
	if at, ok := parseChangeID(id); ok && !at.After(d.opts.Now()) {
		return zones.ChangeInfo{ID: id, Status: zones.ChangeInSync, SubmittedAt: at}, nil
	}
	return zones.ChangeInfo{}, &zones.Fault{Code: "NoSuchChange", Message: fmt.Sprintf("A change with the specified change ID does not exist: %s", id)}
}

// idChars are the characters of Route 53's zone and change ids.
const idChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// newID returns prefix and 20 random upper-case letters and digits, as
// Route 53's zone ids (Z...) look (change ids: newChangeID).
func newID(prefix byte) string {
	b := make([]byte, 21)
	b[0] = prefix
	r := make([]byte, 20)
	rand.Read(r) // never fails (crypto/rand since Go 1.24)
	for i, v := range r {
		b[i+1] = idChars[int(v)%len(idChars)]
	}
	return string(b)
}

// newUUID returns a random (version 4) UUID in lower case, as health
// check and CIDR collection ids are.
func newUUID() string {
	var u [16]byte
	rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}
