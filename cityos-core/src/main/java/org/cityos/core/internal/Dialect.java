package org.cityos.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.SQLDialect;

/** The databases the library runs on, with the folder of their vendor-specific migrations. */
public enum Dialect {
    H2(SQLDialect.H2, "h2"),
    POSTGRES(SQLDialect.POSTGRES, "postgresql");

    private final SQLDialect jooq;
    private final String folder;

    Dialect(SQLDialect jooq, String folder) {
        this.jooq = jooq;
        this.folder = folder;
    }

    public SQLDialect jooq() {
        return jooq;
    }

    public String folder() {
        return folder;
    }

    public static Dialect of(SQLDialect dialect) {
        return switch (dialect.family()) {
            case H2 -> H2;
            case POSTGRES -> POSTGRES;
            default -> throw new CityOsException(ErrorCode.CONFIGURATION,
                    "unsupported database dialect " + dialect + ": CityOS runs on H2 and PostgreSQL");
        };
    }

    public static Dialect detect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            return detect(c);
        } catch (SQLException e) {
            throw new CityOsException(ErrorCode.CONFIGURATION, "cannot connect to the data source: " + e.getMessage(), e);
        }
    }

    public static Dialect detect(Connection c) throws SQLException {
        String product = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        if (product.contains("h2")) {
            return H2;
        }
        if (product.contains("postgres")) {
            return POSTGRES;
        }
        throw new CityOsException(ErrorCode.CONFIGURATION,
                "unsupported database '" + product + "': CityOS runs on H2 and PostgreSQL");
    }
}
