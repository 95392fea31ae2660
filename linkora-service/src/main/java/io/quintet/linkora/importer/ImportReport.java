package io.quintet.linkora.importer;

import java.util.List;

/**
 * What an import copied, per reference table (spec 5.3), and what it left out with the reason:
 * a missing table, a link with an unknown type, a tombstone of an operation the apps cannot parse.
 */
public record ImportReport(
        String source,
        int folders,
        int links,
        int panels,
        int panelFolders,
        int tags,
        int linkTags,
        int tombstones,
        List<String> skipped) {}
