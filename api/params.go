package api

import (
	"strconv"
)

// query returns query parameter name, percent-decoded ("" when absent).
func (c *call) query(name string) string { return c.r.URL.Query().Get(name) }

// maxItems reads a page size parameter (maxitems, maxresults): def when
// absent, capped at limit, an InvalidInput when not a positive number.
// The responses echo the size used.
func (c *call) maxItems(name string, def, limit int) (int, error) {
	v := c.query(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, invalidInput("Value '%s' at '%s' failed to satisfy constraint: Member must be a positive integer", v, name)
	}
	return min(n, limit), nil
}

// pageOf cuts one page of at most n items from items, from the offset
// token ("" for the first page); next is the token of the following page,
// "" at the end.
func pageOf[T any](items []T, token string, n int) (page []T, next string, err error) {
	from := 0
	if token != "" {
		from, err = strconv.Atoi(token)
		if err != nil || from < 0 || from > len(items) {
			return nil, "", invalidInput("The NextToken '%s' is not valid.", token)
		}
	}
	end := min(from+n, len(items))
	if end < len(items) {
		next = strconv.Itoa(end)
	}
	return items[from:end], next, nil
}
