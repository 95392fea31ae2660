package io.quintet.linkora.multi;

import io.quintet.linkora.model.Correlation;
import java.util.List;
import java.util.Map;

/** The copy answer (spec 7.6.4 step 3): what was copied, with the new server ids. */
public record CopyItemsResponse(
        List<CopyFolder> folders, Map<String, Long> linkIds, Correlation correlation, long eventTimestamp) {}
