package io.quintet.protocol.delta;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Where a client stands in a stream of changes, as an opaque token.
 *
 * <p>A position alone is not enough when several changes share one position (a timestamp with
 * second resolution, say): asking for {@code > position} would lose a change made later in that
 * same second, and asking for {@code >= position} would send the boundary again and again. The
 * cursor therefore keeps the ids already delivered <em>at</em> its position; a reader queries
 * {@code position >= cursor.position()} and keeps what {@link #accepts} admits. Delivery is
 * at-least-once across crashes and exactly-once for a client that stores its cursor.
 *
 * <p>Positions must be assigned in commit order for the cursor to be safe against writers that
 * commit out of order: the operation log's sequence is ({@link io.quintet.protocol.oplog.OperationLog}).
 */
public record DeltaCursor(long position, SortedSet<String> boundaryIds) {

    /** Before everything. */
    public static final DeltaCursor START = new DeltaCursor(Long.MIN_VALUE, new TreeSet<>());

    private static final String PREFIX = "c1.";
    private static final Pattern SQL_OPERAND = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*|\\$[0-9]+");
    /** Keeps a token small even if a client sits on a very busy boundary. */
    public static final int MAX_BOUNDARY_IDS = 10_000;

    public DeltaCursor {
        boundaryIds = Collections.unmodifiableSortedSet(new TreeSet<>(boundaryIds));
    }

    /**
     * The reader's side of the cursor in SQL: the rows at or after the cursor's position
     * ({@code positionColumn >= cursorPosition}); {@link #accepts} then drops the boundary rows
     * already delivered. A client that only holds a position (Linkora's {@code eventTimestamp})
     * is a cursor {@link #at} it, with no boundary ids: it gets its boundary again, which is how
     * a change made later in the same second still reaches it.
     *
     * @param positionColumn a column or qualified column
     * @param cursorPosition a bind parameter such as {@code $1}
     */
    public static String sqlFrom(String positionColumn, String cursorPosition) {
        if (!SQL_OPERAND.matcher(positionColumn).matches()
                || !SQL_OPERAND.matcher(cursorPosition).matches()) {
            throw new IllegalArgumentException("not a column or parameter: " + positionColumn + ", " + cursorPosition);
        }
        return positionColumn + " >= " + cursorPosition;
    }

    public static DeltaCursor at(long position) {
        return new DeltaCursor(position, new TreeSet<>());
    }

    /** Should a change with this position and id be delivered to the holder of this cursor? */
    public boolean accepts(long changePosition, String changeId) {
        return changePosition > position || (changePosition == position && !boundaryIds.contains(changeId));
    }

    /** The cursor after delivering one more change (changes are fed in position order). */
    public DeltaCursor advance(long changePosition, String changeId) {
        if (changePosition < position) {
            return this;
        }
        TreeSet<String> ids = changePosition == position ? new TreeSet<>(boundaryIds) : new TreeSet<>();
        ids.add(changeId);
        return new DeltaCursor(changePosition, ids);
    }

    /** The opaque, URL-safe token form. */
    public String encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(position);
            out.writeInt(boundaryIds.size());
            for (String id : boundaryIds) {
                out.writeUTF(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.toByteArray());
    }

    /**
     * Reads a token made by {@link #encode}; {@code null} or empty means {@link #START}.
     *
     * @throws IllegalArgumentException for anything that is not such a token
     */
    public static DeltaCursor decode(String token) {
        if (token == null || token.isEmpty()) {
            return START;
        }
        if (!token.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a delta cursor");
        }
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(raw));
            long position = in.readLong();
            int count = in.readInt();
            if (count < 0 || count > MAX_BOUNDARY_IDS) {
                throw new IllegalArgumentException("not a delta cursor");
            }
            TreeSet<String> ids = new TreeSet<>();
            for (int i = 0; i < count; i++) {
                ids.add(in.readUTF());
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("not a delta cursor");
            }
            return new DeltaCursor(position, ids);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not a delta cursor", e);
        }
    }
}
