package io.quintet.objectstore.fullsync;

import static io.quintet.objectstore.osp.RawClient.FOLDER;
import static io.quintet.objectstore.osp.RawClient.NOTE;
import static io.quintet.objectstore.osp.RawClient.SHARED_WITH;
import static io.quintet.objectstore.osp.RawClient.props;
import static io.quintet.objectstore.osp.RawClient.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quintet.objectstore.osp.RawClient;
import io.quintet.objectstore.wire.WireCodec;
import io.quintet.objectstore.wire.WireFormat;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Item 38 with a given {@code fullSyncMessageSplitMb}: a full sync of more than twice the split is cut
 * into chunks none of which is larger than the split, types without dependencies (Folder) come before
 * the types that point at them (Note), and links after the objects of both ends.
 */
final class FullSyncChunks {

    private static final int NOTE_BYTES = 200 * 1024;

    private FullSyncChunks() {}

    static void check(URI base, long splitBytes) throws JsonProcessingException {
        String big = "x".repeat(NOTE_BYTES);
        int notes = (int) (2.5 * splitBytes / NOTE_BYTES) + 1;
        List<ObjectNode> removals = new ArrayList<>();
        try (RawClient writer = RawClient.connect(base, WireFormat.JSON);
                RawClient reader = RawClient.connect(base, WireFormat.JSON)) {
            writer.loginOk("MANUAL");
            String from = writer.gid(1), to = writer.gid(2);
            writer.apply(
                    put(FOLDER, from, props().put("name", "c38 from").put("team", "c38")),
                    put(FOLDER, to, props().put("name", "c38 to").put("team", "c38")),
                    JsonNodeFactory.instance
                            .objectNode()
                            .put("op", "LINK")
                            .put("rel", SHARED_WITH)
                            .put("src", from)
                            .put("dst", to));
            removals.add(remove(FOLDER, from));
            removals.add(remove(FOLDER, to));
            Set<String> written = new HashSet<>();
            for (int i = 0; i < notes; i++) {
                String gid = writer.gid(10 + i);
                ObjectNode ack = writer.apply(
                        put(NOTE, gid, props().put("title", i + big).put("folderId", from)));
                assertEquals("APPLIED", ack.path("status").asText(), ack.toString());
                written.add(gid);
                removals.add(remove(NOTE, gid));
            }

            reader.loginOk("MANUAL");
            reader.send(JsonNodeFactory.instance
                    .objectNode()
                    .put("t", "UPDATES_REQUEST")
                    .put("subscribe", false));
            ObjectNode begin = reader.expect("FULL_SYNC_BEGIN");
            int chunks = begin.path("chunks").asInt();
            int lastFolderChunk = -1, firstNoteChunk = Integer.MAX_VALUE, lastObjectChunk = -1, firstLinkChunk = -1;
            long totalBytes = 0;
            Set<String> seen = new HashSet<>();
            boolean linkSeen = false;
            for (int n = 1; n <= chunks; n++) {
                ObjectNode chunk = reader.expect("FULL_SYNC_CHUNK");
                long size = WireCodec.JSON.writeValueAsBytes(chunk).length;
                totalBytes += size;
                assertTrue(size <= splitBytes, "chunk " + n + " has " + size + " bytes, split is " + splitBytes);
                String type = chunk.path("type").asText();
                if (chunk.path("objects").size() > 0) {
                    lastObjectChunk = n;
                    if (type.equals(FOLDER)) lastFolderChunk = n;
                    if (type.equals(NOTE)) firstNoteChunk = Math.min(firstNoteChunk, n);
                    chunk.path("objects").forEach(o -> seen.add(o.path("gid").asText()));
                }
                if (chunk.path("links").size() > 0) {
                    if (firstLinkChunk < 0) firstLinkChunk = n;
                    for (var link : chunk.path("links"))
                        linkSeen |= link.path("src").asText().equals(from)
                                && link.path("dst").asText().equals(to);
                }
                reader.send(JsonNodeFactory.instance
                        .objectNode()
                        .put("t", "FULL_SYNC_ACK")
                        .put("n", n));
            }
            reader.expect("FULL_SYNC_END");
            assertTrue(seen.containsAll(written), "every note arrives");
            assertTrue(linkSeen, "the link arrives");
            assertTrue(
                    chunks >= totalBytes / splitBytes + 1 && chunks >= 3,
                    chunks + " chunks for " + totalBytes + " bytes");
            assertTrue(lastFolderChunk < firstNoteChunk, "Folder (no dependencies) before Note (points at Folder)");
            assertTrue(firstLinkChunk > lastObjectChunk, "links after the objects of both ends");
        } finally {
            try (RawClient cleaner = RawClient.connect(base, WireFormat.JSON)) {
                cleaner.loginOk("MANUAL");
                for (ObjectNode r : removals) cleaner.apply(r);
            }
        }
    }

    private static ObjectNode remove(String type, String gid) {
        return JsonNodeFactory.instance
                .objectNode()
                .put("op", "REMOVE")
                .put("type", type)
                .put("gid", gid);
    }
}
