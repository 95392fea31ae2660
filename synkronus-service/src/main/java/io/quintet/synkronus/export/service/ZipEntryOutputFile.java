package io.quintet.synkronus.export.service;

import java.io.IOException;
import java.io.OutputStream;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet file written straight into the open entry of a zip stream (no temporary file): Parquet
 * only appends and asks for its position; closing the file leaves the zip open for the next entry.
 */
final class ZipEntryOutputFile implements OutputFile {

    private final OutputStream zip;

    ZipEntryOutputFile(OutputStream zip) {
        this.zip = zip;
    }

    @Override
    public PositionOutputStream create(long blockSizeHint) {
        return new PositionOutputStream() {
            private long position;

            @Override
            public long getPos() {
                return position;
            }

            @Override
            public void write(int b) throws IOException {
                zip.write(b);
                position++;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
                position += len;
            }

            @Override
            public void flush() throws IOException {
                zip.flush();
            }

            @Override
            public void close() {
                // the zip entry is closed by the export, the zip stream by the response
            }
        };
    }

    @Override
    public PositionOutputStream createOrOverwrite(long blockSizeHint) {
        return create(blockSizeHint);
    }

    @Override
    public boolean supportsBlockSize() {
        return false;
    }

    @Override
    public long defaultBlockSize() {
        return 0;
    }
}
