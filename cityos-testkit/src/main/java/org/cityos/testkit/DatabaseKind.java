package org.cityos.testkit;

/** The databases a {@link BothDatabases} test runs on. */
public enum DatabaseKind { H2, POSTGRES }
