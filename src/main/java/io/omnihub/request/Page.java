package io.omnihub.request;

import java.util.List;

/** One page of a list; pass {@code nextCursor} as {@code cursor} for the next page (null at the end). */
public record Page<T>(List<T> items, String nextCursor) {
}
