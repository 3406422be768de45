package org.cityos.core.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.FieldOrRow;
import org.jooq.Name;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.QueryPart;
import org.jooq.Row;
import org.jooq.Select;
import org.jooq.SelectFieldOrAsterisk;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;

/**
 * The client-side tenant wall: refuses, before it reaches the database, any statement that
 * touches a tenant-owned table without pinning every reference to the bound tenant with an
 * AND-ed {@code tenant_id = <tenant>} predicate (directly or through {@code a.tenant_id = b.tenant_id}
 * to a pinned table), and any write that would carry another tenant's id. Statements it cannot
 * analyse (plain SQL is parsed; unknown shapes are counted against the rendered SQL) are refused,
 * never waved through. PostgreSQL row-level security is the second wall behind it.
 */
public final class TenantGuard implements ExecuteListener {
    private static final long serialVersionUID = 1L;
    private static final String TENANT_ID = "tenant_id";

    // jOOQ's query object model exposes operands through a package-private interface; its public
    // method is reachable reflectively on the class path.
    // The same holds for proxies (a join's ON condition, the DSL's select steps) and for the
    // branches of a UNION, which 3.19's model does not expose at all. Should any of this change
    // in a jOOQ upgrade, the reference count below refuses what the walk no longer sees.
    private static final Class<?> U_OPERATOR;
    private static final java.lang.reflect.Method ARGS;
    private static final Class<?> U_PROXY;
    private static final java.lang.reflect.Method DELEGATE;
    private static final Class<?> SELECT_QUERY;
    private static final java.lang.reflect.Field UNION;

    static {
        try {
            U_OPERATOR = Class.forName("org.jooq.impl.QOM$UOperator");
            ARGS = U_OPERATOR.getMethod("$args");
            ARGS.setAccessible(true);
            U_PROXY = Class.forName("org.jooq.impl.QOM$UProxy");
            DELEGATE = U_PROXY.getMethod("$delegate");
            DELEGATE.setAccessible(true);
            SELECT_QUERY = Class.forName("org.jooq.impl.SelectQueryImpl");
            UNION = SELECT_QUERY.getDeclaredField("union");
            UNION.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final TenantTables tables;
    private final UUID tenant;

    public TenantGuard(TenantTables tables, UUID tenant) {
        this.tables = Objects.requireNonNull(tables);
        this.tenant = tenant;
    }

    public UUID tenant() {
        return tenant;
    }

    @Override
    public void renderEnd(ExecuteContext ctx) {
        Query query = ctx.query();
        String sql = ctx.sql();
        if (sql == null || tables.scan(sql).references() < 0) {
            return;
        }
        if (query == null) {
            if (ctx.batchMode() == ExecuteContext.BatchMode.SINGLE && ctx.batchQueries().length == 1) {
                // one statement executed with many bind sets: each set replaces the bind values the
                // check would see, so only inline tenant literals, which no bind can change, count
                check(ctx.dsl(), ctx.batchQueries()[0], sql, true);
                return;
            }
            throw refuse("a statement without a query object touches a tenant table", sql);
        }
        check(ctx.dsl(), query, sql);
    }

    /** Checks one query; raises {@code tenant_scope_violation} when it is not pinned to the tenant. */
    public void check(DSLContext dsl, Query query, String sql) {
        check(dsl, query, sql, false);
    }

    private void check(DSLContext dsl, Query query, String sql, boolean inlineOnly) {
        Checker checker = new Checker(inlineOnly);
        QueryPart analysed = query;
        if (isPlainSql(query)) {
            try {
                analysed = dsl.parser().parseQuery(dsl.renderInlined(query));
            } catch (RuntimeException e) {
                throw refuse("a plain SQL statement on a tenant table could not be analysed", sql);
            }
        }
        checker.walk(analysed);
        int referenced = Math.max(0, tables.scan(sql).references());
        if (checker.covered < referenced) {
            throw refuse("the statement references tenant tables the guard could not verify", sql);
        }
    }

    private static boolean isPlainSql(Query q) {
        return !(q instanceof Select) && !(q instanceof QOM.Insert) && !(q instanceof QOM.Update)
                && !(q instanceof QOM.Delete);
    }

    private CityOsException refuse(String why, String sql) {
        String who = tenant == null ? "no tenant bound" : "tenant " + tenant;
        return new CityOsException(ErrorCode.TENANT_SCOPE_VIOLATION,
                "refused by the tenant guard (" + who + "): " + why + ": " + abbreviate(sql));
    }

    private static String abbreviate(String sql) {
        return sql.length() > 300 ? sql.substring(0, 300) + "..." : sql;
    }

    /** One reference to a table within a statement: its table name and the name it is known by. */
    private record Ref(String table, String qualifier) {
    }

    private final class Checker {
        final boolean inlineOnly;
        int covered;

        Checker(boolean inlineOnly) {
            this.inlineOnly = inlineOnly;
        }

        boolean tenantValue(Object o) {
            return isTenantValue(o) && (!inlineOnly || o instanceof Param<?> p && p.isInline());
        }

        void walk(Object part) {
            if (part == null) {
                return;
            }
            if (!(part instanceof Select<?>) && U_PROXY.isInstance(part)) {
                part = unproxy(part);
            }
            if (part instanceof Select<?> s) {
                checkSelect(s);
            } else if (part instanceof QOM.Update<?> u) {
                checkUpdate(u);
            } else if (part instanceof QOM.Delete<?> d) {
                checkDelete(d);
            } else if (part instanceof QOM.Insert<?> i) {
                checkInsert(i);
            } else if (U_OPERATOR.isInstance(part)) {
                for (Object arg : args(part)) {
                    walkAny(arg);
                }
            }
        }

        void walkAny(Object arg) {
            if (arg instanceof Collection<?> c) {
                for (Object o : c) {
                    walkAny(o);
                }
            } else if (arg instanceof Map<?, ?> m) {
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    walkAny(e.getKey());
                    walkAny(e.getValue());
                }
            } else if (arg instanceof QueryPart) {
                walk(arg);
            }
        }

        void checkSelect(Select<?> s) {
            if (s.$with() != null) {
                for (var cte : s.$with().$commonTableExpressions()) {
                    walkAny(cte.$query());
                }
            }
            List<Ref> refs = new ArrayList<>();
            List<Condition> conds = new ArrayList<>();
            for (Table<?> t : s.$from()) {
                collect(t, refs, conds);
            }
            conds.add(s.$where());
            require(refs, conds, "SELECT");
            for (SelectFieldOrAsterisk f : s.$select()) {
                walkAny(f);
            }
            walkAny(s.$where());
            walkAny(s.$having());
            for (Select<?> branch : unionBranches(s)) {
                walk(branch);
            }
        }

        void checkUpdate(QOM.Update<?> u) {
            List<Ref> refs = new ArrayList<>();
            List<Condition> conds = new ArrayList<>();
            collect(u.$table(), refs, conds);
            for (Table<?> t : u.$from()) {
                collect(t, refs, conds);
            }
            conds.add(u.$where());
            require(refs, conds, "UPDATE");
            checkAssignments(u.$set(), "UPDATE");
            walkAny(u.$where());
            walkAny(new ArrayList<>(u.$set().values()));
        }

        void checkDelete(QOM.Delete<?> d) {
            List<Ref> refs = new ArrayList<>();
            List<Condition> conds = new ArrayList<>();
            collect(d.$from(), refs, conds);
            for (Table<?> t : d.$using()) {
                collect(t, refs, conds);
            }
            conds.add(d.$where());
            require(refs, conds, "DELETE");
            walkAny(d.$where());
        }

        void checkInsert(QOM.Insert<?> i) {
            String name = tableName(i.$into());
            if (name != null && tables.contains(name)) {
                covered++;
                int idx = -1;
                List<? extends Field<?>> cols = i.$columns();
                for (int k = 0; k < cols.size(); k++) {
                    if (isTenantField(cols.get(k))) {
                        idx = k;
                    }
                }
                if (idx < 0) {
                    throw refuse("INSERT into " + name + " does not set tenant_id", String.valueOf(i));
                }
                if (i.$select() != null) {
                    List<? extends SelectFieldOrAsterisk> sel = i.$select().$select();
                    if (idx >= sel.size() || !tenantValue(sel.get(idx))) {
                        throw refuse("INSERT ... SELECT into " + name + " does not select the bound tenant",
                                String.valueOf(i));
                    }
                } else {
                    for (Row row : i.$values()) {
                        if (!tenantValue(row.field(idx))) {
                            throw refuse("INSERT into " + name + " writes a tenant_id other than the bound tenant",
                                    String.valueOf(i));
                        }
                    }
                }
                checkAssignments(i.$updateSet(), "INSERT ... ON CONFLICT UPDATE");
            }
            walkAny(i.$select());
        }

        void checkAssignments(Map<? extends FieldOrRow, ? extends Object> set, String what) {
            if (set == null) {
                return;
            }
            for (Map.Entry<? extends FieldOrRow, ? extends Object> e : set.entrySet()) {
                if (e.getKey() instanceof Field<?> f && isTenantField(f) && !tenantValue(e.getValue())) {
                    throw refuse(what + " moves a row to another tenant", String.valueOf(set));
                }
            }
        }

        /** Flattens joins and aliases into references, descending into derived tables. */
        void collect(Table<?> t, List<Ref> refs, List<Condition> conds) {
            if (t == null) {
                return;
            }
            if (t instanceof QOM.JoinTable<?, ?> j) {
                collect(j.$table1(), refs, conds);
                collect(j.$table2(), refs, conds);
                if (j instanceof QOM.QualifiedJoin<?, ?> q) {
                    if (q.$on() != null) {
                        conds.add(q.$on());
                        walkAny(q.$on());
                    }
                    if (q.$using() != null && !q.$using().isEmpty()) {
                        for (Field<?> f : q.$using()) {
                            if (isTenantField(f)) {
                                // USING (tenant_id) equates both sides' tenant ids
                                conds.add(DSL.field(DSL.name(tableQualifier(j.$table1()), TENANT_ID))
                                        .eq(DSL.field(DSL.name(tableQualifier(j.$table2()), TENANT_ID))));
                            }
                        }
                    }
                }
                return;
            }
            if (t instanceof QOM.TableAlias<?> a) {
                Table<?> inner = a.$table();
                String name = tableName(inner);
                if (name != null) {
                    if (tables.contains(name)) {
                        refs.add(new Ref(name, lower(a.$alias().last())));
                    }
                } else {
                    walkAny(inner);
                }
                return;
            }
            String name = tableName(t);
            if (name != null) {
                if (tables.contains(name)) {
                    // a generated table renamed with .as("x") keeps its record type but takes the alias as name
                    refs.add(new Ref(name, lower(t.getName())));
                }
                return;
            }
            walkAny(t);
        }

        String tableQualifier(Table<?> t) {
            if (t instanceof QOM.TableAlias<?> a) {
                return lower(a.$alias().last());
            }
            return lower(t.getName());
        }

        void require(List<Ref> refs, List<Condition> conds, String what) {
            if (refs.isEmpty()) {
                return;
            }
            List<Condition> conjuncts = new ArrayList<>();
            for (Condition c : conds) {
                split(c, conjuncts);
            }
            UnionFind uf = new UnionFind();
            String pinned = "\u0000tenant";
            for (Condition c : conjuncts) {
                if (c instanceof QOM.Eq<?> eq) {
                    Object a = eq.$arg1();
                    Object b = eq.$arg2();
                    String qa = tenantQualifier(a, refs);
                    String qb = tenantQualifier(b, refs);
                    if (qa != null && qb != null) {
                        uf.union(qa, qb);
                    } else if (qa != null && tenantValue(b)) {
                        uf.union(qa, pinned);
                    } else if (qb != null && tenantValue(a)) {
                        uf.union(qb, pinned);
                    }
                }
            }
            for (Ref r : refs) {
                if (tenant == null || !uf.same(r.qualifier(), pinned)) {
                    throw refuse(what + " on " + r.table() + " has no tenant_id predicate for the bound tenant",
                            "");
                }
                covered++;
            }
        }

        /** The qualifier of a tenant_id field, resolving an unqualified one when only one table is in scope. */
        String tenantQualifier(Object o, List<Ref> refs) {
            if (!(o instanceof Field<?> f) || !isTenantField(f)) {
                return null;
            }
            Name qn = f.getQualifiedName();
            if (qn.parts().length >= 2) {
                return lower(qn.parts()[qn.parts().length - 2].last());
            }
            return refs.size() == 1 ? refs.get(0).qualifier() : null;
        }
    }

    private static List<?> args(Object part) {
        try {
            return (List<?>) ARGS.invoke(part);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read the operands of " + part.getClass().getName(), e);
        }
    }

    private static Object unproxy(Object o) {
        try {
            while (o != null && U_PROXY.isInstance(o)) {
                Object d = DELEGATE.invoke(o);
                if (d == o) {
                    break;
                }
                o = d;
            }
            return o;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot unwrap " + o.getClass().getName(), e);
        }
    }

    private static List<Select<?>> unionBranches(Select<?> s) {
        Object impl = unproxy(s);
        List<Select<?>> out = new ArrayList<>();
        if (SELECT_QUERY.isInstance(impl)) {
            try {
                for (Object branch : (List<?>) UNION.get(impl)) {
                    for (Object sel : (List<?>) branch) {
                        out.add((Select<?>) sel);
                    }
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read the UNION branches of a query", e);
            }
        }
        return out;
    }

    private static void split(Condition c, List<Condition> out) {
        c = (Condition) unproxy(c);
        if (c == null) {
            return;
        }
        if (c instanceof QOM.And and) {
            split(and.$arg1(), out);
            split(and.$arg2(), out);
        } else {
            out.add(c);
        }
    }

    private boolean isTenantValue(Object o) {
        if (tenant == null) {
            return false;
        }
        if (o instanceof Param<?> p) {
            Object v = p.getValue();
            return v != null && tenant.toString().equalsIgnoreCase(v.toString());
        }
        if (o instanceof QOM.FieldAlias<?> fa) {
            return isTenantValue(fa.$aliased());
        }
        if (o instanceof QOM.Cast<?> cast) {
            return isTenantValue(cast.$field());
        }
        return false;
    }

    private static boolean isTenantField(Object o) {
        return o instanceof Field<?> f && !(o instanceof Param<?>) && TENANT_ID.equalsIgnoreCase(f.getName());
    }

    /** The base table name of a (possibly renamed) base table, or null for joins, aliases, derived tables. */
    private String tableName(Table<?> t) {
        if (t == null || t instanceof QOM.JoinTable<?, ?> || t instanceof QOM.TableAlias<?>
                || t instanceof QOM.DerivedTable<?>) {
            return null;
        }
        String byType = tables.byRecordType.get(t.getRecordType());
        if (byType != null) {
            return byType;
        }
        String n = t.getName();
        return n == null || n.isEmpty() ? null : lower(n);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        String find(String x) {
            String p = parent.getOrDefault(x, x);
            if (p.equals(x)) {
                return x;
            }
            String r = find(p);
            parent.put(x, r);
            return r;
        }

        void union(String a, String b) {
            parent.put(find(a), find(b));
        }

        boolean same(String a, String b) {
            return find(a).equals(find(b));
        }
    }

    /** The cached result of scanning one SQL text for tenant tables. */
    record Scan(int references) {
    }

    /**
     * The names of the tenant-owned tables the guard protects. Modules add theirs when they are
     * created; the set only grows.
     */
    public static final class TenantTables {
        private final Set<String> names = ConcurrentHashMap.newKeySet();
        private final Map<Class<?>, String> byRecordType = new ConcurrentHashMap<>();
        private static final int MAX_SCANS = 4096;
        private final Map<String, Scan> scans = new ConcurrentHashMap<>();
        private volatile Pattern mention = Pattern.compile("(?!)");
        private volatile Pattern reference = Pattern.compile("(?!)");

        public synchronized void add(Collection<? extends Table<?>> tenantTables) {
            for (Table<?> t : tenantTables) {
                names.add(lower(t.getName()));
                byRecordType.put(t.getRecordType(), lower(t.getName()));
            }
            String alt = String.join("|", names);
            mention = Pattern.compile("(?i)\\b(" + alt + ")\\b");
            scans.clear();
            reference = Pattern.compile("(?i)\\b(?:from|join|into|update|using)\\s+(?:\"?[a-z_]+\"?\\.)?\"?(" + alt + ")\"?(?![a-z0-9_])");
        }

        public boolean contains(String name) {
            return names.contains(name);
        }

        public Set<String> names() {
            return Set.copyOf(names);
        }

        /**
         * What the rendered SQL says about tenant tables: -1 when it names none, else how many
         * times one follows FROM, JOIN, INTO, UPDATE or USING. Statements render the same text
         * (binds as '?') every time, so the answer is remembered per text, in a bounded cache.
         */
        Scan scan(String sql) {
            Scan cached = scans.get(sql);
            if (cached != null) {
                return cached;
            }
            int n = -1;
            if (mention.matcher(sql).find()) {
                n = 0;
                Matcher m = reference.matcher(sql);
                while (m.find()) {
                    n++;
                }
            }
            Scan scan = new Scan(n);
            if (scans.size() >= MAX_SCANS) {
                scans.clear();
            }
            scans.put(sql, scan);
            return scan;
        }
    }

}
