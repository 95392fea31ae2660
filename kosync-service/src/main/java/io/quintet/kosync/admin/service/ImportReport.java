package io.quintet.kosync.admin.service;

import java.util.List;
import java.util.Map;

/** What an import did: accounts created, names left alone because they exist, rows written, what was skipped and why. */
public record ImportReport(
        String format,
        int users,
        List<String> existing,
        int documents,
        int history,
        List<String> skipped,
        Map<String, Object> settings) {}
