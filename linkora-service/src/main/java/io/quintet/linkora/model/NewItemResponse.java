package io.quintet.linkora.model;

/** The answer of the five create routes (spec 4.6): the server-assigned id and the echoed correlation. */
public record NewItemResponse(TimeStampBasedResponse timeStampBasedResponse, long id, Correlation correlation) {}
