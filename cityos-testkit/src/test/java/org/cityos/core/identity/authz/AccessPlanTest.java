package org.cityos.core.identity.authz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;

class AccessPlanTest {
    private final DSLContext h2 = DSL.using(SQLDialect.H2);
    private final Field<UUID> tenant = DSL.field(DSL.name("tenant_id"), SQLDataType.UUID);
    private final Field<String> vendor = DSL.field(DSL.name("vendor"), SQLDataType.VARCHAR);
    private final Field<Integer> total = DSL.field(DSL.name("total"), SQLDataType.INTEGER);
    private final Map<String, Field<?>> columns = Map.of("tenant", tenant, "vendor", vendor, "total", total);

    private static PlanExpression op(String operator, PlanExpression... operands) {
        return new PlanExpression.Operation(operator, List.of(operands));
    }

    private static PlanExpression var(String attribute) {
        return PlanExpression.attribute(attribute);
    }

    private static PlanExpression val(Object v) {
        return new PlanExpression.Value(v);
    }

    private String sql(PlanExpression e) {
        Condition c = AccessPlan.conditional(e).toCondition(columns);
        return h2.renderInlined(c);
    }

    @Test
    void theCommonOperatorsBecomeSql() {
        assertThat(sql(op("eq", var("vendor"), val("V1")))).isEqualTo("\"vendor\" = 'V1'");
        assertThat(sql(op("in", var("vendor"), val(List.of("V1", "V2"))))).isEqualTo("\"vendor\" in ('V1', 'V2')");
        assertThat(sql(op("ne", var("vendor"), val("V1")))).isEqualTo("(\"vendor\" <> 'V1' or \"vendor\" is null)");
        assertThat(sql(op("eq", var("vendor"), val(null)))).isEqualTo("\"vendor\" is null");
        assertThat(sql(op("lt", val(10), var("total")))).isEqualTo("\"total\" > 10");
        assertThat(sql(op("not", op("eq", var("vendor"), val("V1"))))).isEqualTo("not (\"vendor\" = 'V1')");
        assertThat(sql(op("or", op("eq", var("vendor"), val("V1")), op("ge", var("total"), val(5)))))
                .isEqualTo("(\"vendor\" = 'V1' or \"total\" >= 5)");
        UUID t = UUID.randomUUID();
        assertThat(sql(op("and", op("eq", var("tenant"), val(t.toString())), op("in", var("vendor"), val(List.of())))))
                .isEqualTo("(\"tenant_id\" = '" + t + "' and false)");
        assertThat(h2.renderInlined(AccessPlan.allowed().toCondition(columns))).isEqualTo("true");
        assertThat(h2.renderInlined(AccessPlan.denied().toCondition(columns))).isEqualTo("false");
    }

    @Test
    void whatCannotBeTranslatedDeniesEverythingEvenUnderNot() {
        assertThat(sql(op("not", op("eq", var("colour"), val("red"))))).isEqualTo("false");
        assertThat(sql(op("not", op("hasIntersection", var("vendor"), val(List.of("V1")))))).isEqualTo("false");
        assertThat(sql(op("not", op("eq", var("tenant"), val("not-a-uuid"))))).isEqualTo("false");
        assertThat(sql(op("eq", new PlanExpression.Variable("request.principal.attr.x"), val(1)))).isEqualTo("false");
        assertThat(sql(op("in", val("V1"), var("vendor")))).isEqualTo("false");
    }
}
