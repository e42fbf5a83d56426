package healthcheck

import "errors"

// ErrUnknownCheck is returned for a health-check id that is not defined.
var ErrUnknownCheck = errors.New("no such health check")
