package config_test

import (
	"github.com/r53d/r53d/api"
	"github.com/r53d/r53d/config"
)

// config.Dir is the API's backend, without config importing api.
var _ api.Backend = (*config.Dir)(nil)
