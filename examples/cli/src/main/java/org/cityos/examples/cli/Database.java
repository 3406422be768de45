package org.cityos.examples.cli;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Option;

/** The {@code --jdbc-url --user --password} options that the operations commands share. */
final class Database {
    @Option(names = "--jdbc-url", required = true, description = "the database, e.g. jdbc:postgresql://localhost/cityos")
    String jdbcUrl;

    @Option(names = "--user", description = "the database user")
    String user;

    @Option(names = "--password", description = "the database password", arity = "0..1", interactive = true)
    String password;

    /** A small pool on the database; the caller closes it. */
    HikariDataSource open(String name) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("cityos-cli-" + name);
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setInitializationFailTimeout(2_000);
        config.setConnectionTimeout(2_000);
        return new HikariDataSource(config);
    }
}
