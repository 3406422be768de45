package org.cityos.examples.cli;

/** A scenario file that is not a valid scenario: malformed JSON, a missing or mistyped field, time going backwards. */
public final class InvalidScenarioException extends Exception {
    private static final long serialVersionUID = 1L;

    public InvalidScenarioException(String message) {
        super(message);
    }

    public InvalidScenarioException(String message, Throwable cause) {
        super(message, cause);
    }
}
