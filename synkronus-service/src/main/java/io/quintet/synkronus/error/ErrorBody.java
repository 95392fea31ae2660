package io.quintet.synkronus.error;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The standard JSON error envelope (synkronus.md 1.4, shape 1). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorBody(String error, String message, String code) {}
