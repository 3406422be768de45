package org.cityos.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

import org.h2.api.Trigger;

/** H2 trigger that refuses UPDATE and DELETE on the audit tables, which are append-only. */
public final class AppendOnlyTrigger implements Trigger {
    private String table;

    @Override
    public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                     int type) {
        this.table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException("cityos: " + (newRow == null ? "DELETE" : "UPDATE") + " on " + table
                + " is not allowed, audit rows are append-only");
    }
}
