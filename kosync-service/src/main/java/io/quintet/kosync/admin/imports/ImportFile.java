package io.quintet.kosync.admin.imports;

import java.util.List;
import java.util.Map;

/**
 * What an import file holds: accounts, records the reader had to leave out (and why), and the
 * source's own settings worth telling the operator about (e.g. KOsync's disable_registration).
 */
public record ImportFile(
        String format, List<ImportedAccount> accounts, List<String> skipped, Map<String, Object> settings) {}
