package io.quintet.synkronus.attachment.rest;

import io.quintet.synkronus.attachment.service.UploadedFile;
import io.quintet.synkronus.error.SynkronusError;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads an attachment upload (synkronus.md 9.3: {@code multipart/form-data} with exactly one part,
 * a file named {@code file}) from the request body as it arrives, straight into a temporary file.
 * The generic form parser examined the body a byte at a time through a ByteBuffer; searched here
 * in arrays, the 10 MiB of an upload cost a few milliseconds instead of most of its CPU.
 */
final class MultipartFile {

    private static final int BUFFER = 64 * 1024;
    /** Headers of one part, at most (the reference's whole form is far smaller). */
    private static final int MAX_HEADERS = 16 * 1024;

    private final InputStream in;
    /** {@code CRLF--boundary}: what ends a part's content. */
    private final byte[] delimiter;

    private final long maxBytes;
    private final byte[] buf = new byte[BUFFER];
    private int start;
    private int end;
    private boolean eof;

    /** Per byte value: how far the search may move when a window ends with it (Horspool's table). */
    private final int[] skip = new int[256];

    private MultipartFile(InputStream in, byte[] delimiter, long maxBytes) {
        this.in = in;
        this.delimiter = delimiter;
        this.maxBytes = maxBytes;
        Arrays.fill(skip, delimiter.length);
        for (int k = 0; k < delimiter.length - 1; k++) {
            skip[delimiter[k] & 0xff] = delimiter.length - 1 - k;
        }
    }

    /**
     * The one file part of an upload, in a temporary file the caller deletes; the protocol's 400
     * (unreadable form, not exactly one part, no file) or 413 (over {@code maxBytes}) otherwise.
     */
    static UploadedFile read(InputStream body, String contentType, long maxBytes) {
        String boundary = boundary(contentType);
        if (boundary == null) {
            throw SynkronusError.MULTIPART_UNREADABLE.exception("no multipart boundary in the Content-Type");
        }
        MultipartFile reader =
                new MultipartFile(body, ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1), maxBytes);
        try {
            return reader.parse();
        } catch (IOException e) {
            throw SynkronusError.MULTIPART_UNREADABLE.exception("unreadable request body: " + e.getMessage());
        }
    }

    private UploadedFile parse() throws IOException {
        // the body starts with --boundary (or a preamble, then CRLF--boundary)
        if (!skipPreamble()) {
            throw SynkronusError.MULTIPART_UNREADABLE.exception("no multipart boundary in the body");
        }
        int parts = 0;
        Path file = null;
        long size = 0;
        String type = null;
        boolean fileItem = false;
        try {
            while (!closingDelimiter()) {
                String headers = headers();
                parts++;
                String disposition = header(headers, "content-disposition");
                boolean isFile = parts == 1
                        && "file".equals(parameter(disposition, "name"))
                        && parameter(disposition, "filename") != null;
                if (isFile) {
                    file = Files.createTempFile("synkronus-upload", ".part");
                    try (OutputStream out = Files.newOutputStream(file)) {
                        size = content(out);
                    }
                    type = header(headers, "content-type");
                    fileItem = true;
                } else {
                    content(null);
                }
            }
            if (parts > 1) {
                throw SynkronusError.EXACTLY_ONE_FILE.exception();
            }
            if (!fileItem) {
                throw SynkronusError.FILE_REQUIRED.exception();
            }
            UploadedFile uploaded = new UploadedFile(file, size, type);
            file = null;
            return uploaded;
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Up to and past the first boundary line; false when the body has none. */
    private boolean skipPreamble() throws IOException {
        // the first delimiter may come without its CRLF: look for it as if the body began with one
        byte[] first = java.util.Arrays.copyOfRange(delimiter, 2, delimiter.length);
        fill(first.length);
        if (end - start >= first.length && regionMatches(start, first)) {
            start += first.length;
            return true;
        }
        return content(null, true) >= 0;
    }

    /** After a delimiter: {@code --} ends the form, otherwise the line ends and a part follows. */
    private boolean closingDelimiter() throws IOException {
        fill(2);
        if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') {
            start += 2;
            return true;
        }
        // transport padding, then CRLF
        while (true) {
            fill(1);
            if (start == end) {
                throw SynkronusError.MULTIPART_UNREADABLE.exception("the multipart body ended early");
            }
            byte b = buf[start];
            if (b == ' ' || b == '\t') {
                start++;
                continue;
            }
            fill(2);
            if (end - start >= 2 && buf[start] == '\r' && buf[start + 1] == '\n') {
                start += 2;
                return false;
            }
            throw SynkronusError.MULTIPART_UNREADABLE.exception("malformed multipart boundary line");
        }
    }

    /** A part's header block, up to the empty line (ISO-8859-1; names are ASCII). */
    private String headers() throws IOException {
        StringBuilder headers = new StringBuilder();
        fill(2);
        if (end - start >= 2 && buf[start] == '\r' && buf[start + 1] == '\n') {
            // a part without headers
            start += 2;
            return "";
        }
        while (true) {
            fill(4);
            int available = end - start;
            for (int i = start; i + 3 < end; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    headers.append(new String(buf, start, i - start, StandardCharsets.ISO_8859_1));
                    start = i + 4;
                    return headers.toString();
                }
            }
            if (eof) {
                throw SynkronusError.MULTIPART_UNREADABLE.exception("the multipart body ended in a part's headers");
            }
            int keep = Math.min(3, available);
            headers.append(new String(buf, start, available - keep, StandardCharsets.ISO_8859_1));
            start = end - keep;
            if (headers.length() > MAX_HEADERS) {
                throw SynkronusError.MULTIPART_UNREADABLE.exception("multipart part headers too large");
            }
            compact();
            read();
        }
    }

    /** A part's content up to the next delimiter, written to {@code out} when given; its length. */
    private long content(OutputStream out) throws IOException {
        long length = content(out, false);
        if (length < 0) {
            throw SynkronusError.MULTIPART_UNREADABLE.exception("the multipart body ended early");
        }
        return length;
    }

    /** As {@link #content(OutputStream)}; -1 at the end of the body without a delimiter. */
    private long content(OutputStream out, boolean preamble) throws IOException {
        long length = 0;
        int span = delimiter.length;
        byte lastByte = delimiter[span - 1];
        while (true) {
            int found = -1;
            int last = end - span;
            // Horspool: the window's last byte says how far the delimiter can be (about its length on
            // binary content); a byte-by-byte search cost ~10 ms of the service's CPU per 10 MiB (C1 only)
            for (int i = start; i <= last; ) {
                byte b = buf[i + span - 1];
                if (b == lastByte && regionMatches(i, delimiter)) {
                    found = i;
                    break;
                }
                i += skip[b & 0xff];
            }
            // bytes before a delimiter, or all but a possible delimiter's beginning
            int upTo = found >= 0 ? found : Math.max(start, end - delimiter.length + 1);
            if (found < 0 && eof) {
                return -1;
            }
            int n = upTo - start;
            if (n > 0) {
                length += n;
                if (!preamble && length > maxBytes) {
                    throw SynkronusError.ATTACHMENT_TOO_LARGE.exception();
                }
                if (out != null) {
                    out.write(buf, start, n);
                }
                start = upTo;
            }
            if (found >= 0) {
                start += delimiter.length;
                return length;
            }
            compact();
            read();
        }
    }

    private boolean regionMatches(int at, byte[] expected) {
        for (int k = 0; k < expected.length; k++) {
            if (buf[at + k] != expected[k]) {
                return false;
            }
        }
        return true;
    }

    /** Reads until at least {@code n} bytes are buffered or the body ends. */
    private void fill(int n) throws IOException {
        while (end - start < n && !eof) {
            compact();
            read();
        }
    }

    private void compact() {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
    }

    private void read() throws IOException {
        if (end == buf.length) {
            return;
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
    }

    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).trim().startsWith("multipart/form-data")) {
            return null;
        }
        String boundary = parameter(contentType, "boundary");
        return boundary == null || boundary.isEmpty() || boundary.length() > 200 ? null : boundary;
    }

    /** A header's value from a part's header block (names compared without case). */
    static String header(String headers, String name) {
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** A {@code ; name=value} parameter of a header value, unquoted; null when absent. */
    static String parameter(String value, String name) {
        if (value == null) {
            return null;
        }
        int i = value.indexOf(';');
        while (i >= 0 && i < value.length()) {
            int eq = value.indexOf('=', i);
            if (eq < 0) {
                return null;
            }
            String key = value.substring(i + 1, eq).trim();
            int next;
            String found;
            if (eq + 1 < value.length() && value.charAt(eq + 1) == '"') {
                StringBuilder quoted = new StringBuilder();
                int k = eq + 2;
                while (k < value.length() && value.charAt(k) != '"') {
                    if (value.charAt(k) == '\\' && k + 1 < value.length()) {
                        k++;
                    }
                    quoted.append(value.charAt(k++));
                }
                found = quoted.toString();
                next = value.indexOf(';', k);
            } else {
                next = value.indexOf(';', eq);
                found = (next < 0 ? value.substring(eq + 1) : value.substring(eq + 1, next)).trim();
            }
            if (key.equalsIgnoreCase(name)) {
                return found;
            }
            i = next;
        }
        return null;
    }
}
