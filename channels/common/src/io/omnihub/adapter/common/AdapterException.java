package io.omnihub.adapter.common;

/** A configuration or connection problem an operator of the adapter can fix; its message says how. */
public class AdapterException extends RuntimeException {

    public AdapterException(String message) {
        super(message, null, false, false);
    }
}
