package io.quintet.linkora.multi;

import io.quintet.linkora.model.Correlation;

/** The copy event: only the stamp (other clients pull {@code GET_UPDATES} from it) and the correlation (spec 9.5). */
public record CopyEvent(long eventTimestamp, Correlation correlation) {}
