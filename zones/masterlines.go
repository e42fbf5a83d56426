package zones

import (
	"io/fs"
)

// Place is where a record was written.
type Place struct {
	File string
	Line int
}

// MasterFileRecordSets reads the master file name of fsys (with what it
// includes) and returns the record sets it defines, each with the place
// of its first record, keyed as the store lists them. An API change to
// one of them must be refused, naming that place: master files are not
// rewritten.
func MasterFileRecordSets(fsys fs.FS, name string, limits Limits) (map[RecordSetKey]Place, error) {
	data, err := ReadFile(fsys, name, limits.FileSize)
	if err != nil {
		return nil, err
	}
	mf := masterFile{fsys: fsys, display: func(n string) string { return n }, limits: limits}
	records, _ := mf.parse(name, data, masterOrigin(name, data), nil)
	out := map[RecordSetKey]Place{}
	for _, s := range records {
		rr := s.rr
		if !s.plain {
			rr = presentationForm(rr)
		}
		k := RecordSetKey{Name: canonicalName(rr.Header().Name), Type: rr.Header().Rrtype}
		if _, ok := out[k]; !ok {
			out[k] = Place{File: s.file, Line: int(s.line)}
		}
	}
	return out, nil
}
