package io.quintet.synkronus.attachment.rest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quintet.synkronus.attachment.service.UploadedFile;
import io.quintet.synkronus.error.SynkronusError;
import io.quintet.synkronus.error.SynkronusException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The upload's streaming multipart reader, fed in pieces of every size (a boundary split anywhere). */
class MultipartFileTest {

    private static final String TYPE = "multipart/form-data; boundary=\"b0und\"";

    @Test
    @DisplayName("C65 the file part's bytes, whatever pieces the body arrives in (CR LF -- inside the content)")
    void fileInPieces() throws Exception {
        byte[] content = new byte[300_000];
        new Random(3).nextBytes(content);
        // near-delimiters inside the content
        byte[] tricky = "\r\n--b0un\r\n--b0unX\r\n-".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(tricky, 0, content, 65_530, tricky.length);
        System.arraycopy(tricky, 0, content, content.length - tricky.length, tricky.length);
        byte[] body = body(
                "preamble\r\n--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\n"
                        + "Content-Type: image/png\r\n\r\n",
                content,
                "\r\n--b0und--\r\n");
        for (int piece : new int[] {1, 7, 4096, 65_536, 1 << 20}) {
            UploadedFile file = MultipartFile.read(new Pieces(body, piece), TYPE, 1 << 20);
            try {
                assertEquals(content.length, file.size());
                assertEquals("image/png", file.contentType());
                assertArrayEquals(content, Files.readAllBytes(file.file()));
            } finally {
                Files.deleteIfExists(file.file());
            }
        }
    }

    @Test
    @DisplayName("C67 C68 two parts, no file part, a truncated body, an oversized file: the protocol's errors")
    void refusals() {
        assertEquals(
                SynkronusError.EXACTLY_ONE_FILE,
                refused(
                        body(
                                "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n",
                                new byte[3],
                                "\r\n--b0und\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n--b0und--\r\n"),
                        100));
        assertEquals(
                SynkronusError.FILE_REQUIRED,
                refused(
                        body(
                                "--b0und\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\n",
                                new byte[3],
                                "\r\n--b0und--\r\n"),
                        100));
        assertEquals(
                SynkronusError.MULTIPART_UNREADABLE,
                refused(
                        body(
                                "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n",
                                new byte[30],
                                ""),
                        100));
        assertEquals(
                SynkronusError.ATTACHMENT_TOO_LARGE,
                refused(
                        body(
                                "--b0und\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a\"\r\n\r\n",
                                new byte[101],
                                "\r\n--b0und--\r\n"),
                        100));
        assertEquals(SynkronusError.MULTIPART_UNREADABLE, refused(new byte[0], 100));
    }

    private static SynkronusError refused(byte[] body, long max) {
        return assertThrows(SynkronusException.class, () -> MultipartFile.read(new Pieces(body, 5), TYPE, max))
                .error();
    }

    private static byte[] body(String head, byte[] content, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(content);
        out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
        return out.toByteArray();
    }

    /** Hands the body out at most {@code piece} bytes per read. */
    private static final class Pieces extends FilterInputStream {
        private final int piece;

        Pieces(byte[] body, int piece) {
            super(new ByteArrayInputStream(body));
            this.piece = piece;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return in.read(b, off, Math.min(len, piece));
        }
    }
}
