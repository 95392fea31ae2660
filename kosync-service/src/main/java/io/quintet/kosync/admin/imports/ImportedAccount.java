package io.quintet.kosync.admin.imports;

import java.util.List;

/** One account read from an import file, its key verbatim as the source stored it. */
public record ImportedAccount(
        String username, String key, List<ImportedPosition> positions, List<ImportedPosition> history) {}
