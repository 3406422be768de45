package org.cityos.examples.cli;

/**
 * The exit statuses scripts can rely on: 0 done, 1 the operation was refused (a typed error, such
 * as a job that is not dead), 2 invalid usage or input, 3 the database could not be reached or
 * is not in the state the command needs (e.g. migrations pending).
 */
final class ExitCodes {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int INVALID = 2;
    static final int DATABASE = 3;

    private ExitCodes() {
    }
}
