package config

import (
	"github.com/r53d/r53d/resources"
	"github.com/r53d/r53d/zones"
)

// awsResources reads aws-resources.json|yaml|yml: the AWS resources that
// aliases and traffic policies answer through, as AWS's describe
// commands print them (docs/aws-resources.md). Every problem is placed
// in the file; with any error the file keeps its last good version.
func (s *sideFiles) awsResources(name string) {
	_, root, ok := s.readDocument(name)
	if !ok {
		return
	}
	set, problems := resources.FromNode(root)
	for _, p := range problems {
		s.add(zones.Diagnostic{File: s.show(name), Line: p.Line, Col: p.Col, Rule: "aws-resources", Message: p.Error(), Warning: p.Warning})
	}
	if set != nil {
		s.gen.Resources = set
		s.refs.Resources = set // aliases to declared resources load without a warning
	}
}
