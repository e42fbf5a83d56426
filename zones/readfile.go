package zones

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
)

// DefaultFileSize bounds one zone or side file: far above any real master
// file (a 5.5 M-record zone is about 220 MB), far below what would take
// the server's memory.
const DefaultFileSize int64 = 512 << 20

// ErrNotRegular is returned for a FIFO, device, socket or directory: a
// FIFO would block the load until a writer came, a device such as
// /dev/zero would never end.
var ErrNotRegular = errors.New("not a regular file")

// ErrTooLarge is returned for a file over the size limit.
var ErrTooLarge = errors.New("file too large")

// ReadFile reads the regular file name of fsys, refusing anything else
// and any file over maxSize bytes (<= 0: DefaultFileSize) before reading
// it. fs.Stat follows symbolic links on an os.DirFS, so a link to
// /dev/zero is refused by what it points at. The mode is checked again
// on the open file, and the reading is bounded too, in case the file
// changed in between.
func ReadFile(fsys fs.FS, name string, maxSize int64) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultFileSize
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return nil, err
	}
	if err := checkFile(info, maxSize); err != nil {
		return nil, err
	}
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := checkFile(info, maxSize); err != nil {
		return nil, err
	}
	data := make([]byte, 0, info.Size()+1)
	buf := &byteBuffer{data}
	if _, err := io.Copy(buf, io.LimitReader(f, maxSize+1)); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(buf.b)) > maxSize {
		return nil, fmt.Errorf("%w: more than %d bytes (raise --max-file-size)", ErrTooLarge, maxSize)
	}
	return buf.b, nil
}

func checkFile(info fs.FileInfo, maxSize int64) error {
	if !info.Mode().IsRegular() {
		return fmt.Errorf("%w (%s): only regular files are loaded", ErrNotRegular, kindOf(info.Mode()))
	}
	if info.Size() > maxSize {
		return fmt.Errorf("%w: %d bytes, the limit is %d (raise --max-file-size)", ErrTooLarge, info.Size(), maxSize)
	}
	return nil
}

func kindOf(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m.IsDir():
		return "a directory"
	}
	return "mode " + m.String()
}

// byteBuffer appends what is written to it, without bytes.Buffer's
// doubling past the size the file said it had.
type byteBuffer struct{ b []byte }

func (w *byteBuffer) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}
