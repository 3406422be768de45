package org.cityos.core.identity.authz;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.cityos.core.Values;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which resources of a kind a principal may act on, as a filter for lists: everything, nothing,
 * or those meeting a {@link PlanExpression}. {@link #toCondition} turns it into a jOOQ condition so
 * that a list is filtered in SQL, not row by row; anything it cannot translate denies everything.
 */
public record AccessPlan(Kind kind, Optional<PlanExpression> condition) {
    static final String ATTRIBUTE_PREFIX = "request.resource.attr.";
    private static final Logger LOG = LoggerFactory.getLogger(AccessPlan.class);

    /** The three shapes of a plan. */
    public enum Kind { ALWAYS_ALLOWED, ALWAYS_DENIED, CONDITIONAL }

    public AccessPlan {
        Objects.requireNonNull(kind, "kind");
        condition = condition == null ? Optional.empty() : condition;
        if ((kind == Kind.CONDITIONAL) != condition.isPresent()) {
            throw new IllegalArgumentException("a plan has a condition exactly when it is CONDITIONAL");
        }
    }

    /** The plan that allows every resource. */
    public static AccessPlan allowed() {
        return new AccessPlan(Kind.ALWAYS_ALLOWED, Optional.empty());
    }

    /** The plan that allows none. */
    public static AccessPlan denied() {
        return new AccessPlan(Kind.ALWAYS_DENIED, Optional.empty());
    }

    /** The plan that allows the resources meeting {@code condition}. */
    public static AccessPlan conditional(PlanExpression condition) {
        return new AccessPlan(Kind.CONDITIONAL, Optional.of(condition));
    }

    /**
     * The plan as a jOOQ condition, with resource attributes ({@code tenant}, {@code vendor}, ...;
     * {@code id} for the resource id) read from the given columns. A variable with no column, an
     * operator it does not know or a value the column cannot hold makes the whole condition false
     * (logged at warn), never true.
     */
    public Condition toCondition(Map<String, ? extends Field<?>> attributes) {
        switch (kind) {
            case ALWAYS_ALLOWED:
                return DSL.trueCondition();
            case ALWAYS_DENIED:
                return DSL.falseCondition();
            default:
                try {
                    return convert(condition.orElseThrow(), attributes);
                } catch (Untranslatable e) {
                    LOG.warn("access plan denies all: {}", e.getMessage());
                    return DSL.falseCondition();
                }
        }
    }

    private static final class Untranslatable extends Exception {
        private static final long serialVersionUID = 1L;

        Untranslatable(String message) {
            super(message, null, false, false);
        }
    }

    private static Condition convert(PlanExpression e, Map<String, ? extends Field<?>> attrs) throws Untranslatable {
        if (e instanceof PlanExpression.Value v) {
            if (v.value() instanceof Boolean b) {
                return b ? DSL.trueCondition() : DSL.falseCondition();
            }
            throw new Untranslatable("a non-boolean value " + Values.quote(v.value()) + " stands as a condition");
        }
        if (e instanceof PlanExpression.Variable var) {
            @SuppressWarnings("unchecked")
            Field<Boolean> f = (Field<Boolean>) field(var, attrs);
            return DSL.condition(f);
        }
        PlanExpression.Operation op = (PlanExpression.Operation) e;
        List<PlanExpression> args = op.operands();
        switch (op.operator()) {
            case "and": {
                List<Condition> parts = new ArrayList<>();
                for (PlanExpression a : args) {
                    parts.add(convert(a, attrs));
                }
                return DSL.and(parts);
            }
            case "or": {
                List<Condition> parts = new ArrayList<>();
                for (PlanExpression a : args) {
                    parts.add(convert(a, attrs));
                }
                return parts.isEmpty() ? DSL.falseCondition() : DSL.or(parts);
            }
            case "not":
                if (args.size() != 1) {
                    throw new Untranslatable("'not' takes one operand, not " + args.size());
                }
                return convert(args.get(0), attrs).not();
            case "eq":
            case "ne":
            case "lt":
            case "le":
            case "gt":
            case "ge":
                return compare(op.operator(), args, attrs);
            case "in":
                return in(args, attrs);
            default:
                throw new Untranslatable("operator " + Values.quote(op.operator()) + " is not supported");
        }
    }

    private static Condition compare(String operator, List<PlanExpression> args, Map<String, ? extends Field<?>> attrs)
            throws Untranslatable {
        if (args.size() != 2) {
            throw new Untranslatable("'" + operator + "' takes two operands");
        }
        String opName = operator;
        PlanExpression left = args.get(0);
        PlanExpression right = args.get(1);
        if (left instanceof PlanExpression.Value && right instanceof PlanExpression.Variable) {
            PlanExpression t = left;
            left = right;
            right = t;
            opName = switch (operator) {
                case "lt" -> "gt";
                case "le" -> "ge";
                case "gt" -> "lt";
                case "ge" -> "le";
                default -> operator;
            };
        }
        if (!(left instanceof PlanExpression.Variable var) || !(right instanceof PlanExpression.Value val)) {
            throw new Untranslatable("'" + operator + "' compares a variable with a value only");
        }
        @SuppressWarnings("unchecked")
        Field<Object> f = (Field<Object>) field(var, attrs);
        if (val.value() == null) {
            return switch (opName) {
                case "eq" -> f.isNull();
                case "ne" -> f.isNotNull();
                default -> throw new Untranslatable("'" + operator + "' with null");
            };
        }
        Object v = convertValue(f, val.value());
        return switch (opName) {
            case "eq" -> f.eq(v);
            case "ne" -> f.ne(v).or(f.isNull());
            case "lt" -> f.lt(v);
            case "le" -> f.le(v);
            case "gt" -> f.gt(v);
            default -> f.ge(v);
        };
    }

    private static Condition in(List<PlanExpression> args, Map<String, ? extends Field<?>> attrs) throws Untranslatable {
        if (args.size() != 2 || !(args.get(0) instanceof PlanExpression.Variable var)
                || !(args.get(1) instanceof PlanExpression.Value val) || !(val.value() instanceof Collection<?> list)) {
            throw new Untranslatable("'in' is supported as <attribute> in <list of values> only");
        }
        @SuppressWarnings("unchecked")
        Field<Object> f = (Field<Object>) field(var, attrs);
        if (list.isEmpty()) {
            return DSL.falseCondition();
        }
        List<Object> values = new ArrayList<>();
        for (Object o : list) {
            values.add(convertValue(f, o));
        }
        return f.in(values);
    }

    private static Object convertValue(Field<Object> f, Object value) throws Untranslatable {
        try {
            Object converted = f.getDataType().convert(value);
            if (converted == null && value != null) {
                throw new IllegalArgumentException("no conversion");
            }
            return converted;
        } catch (RuntimeException e) {
            throw new Untranslatable("value " + Values.quote(value) + " does not fit column " + f.getName());
        }
    }

    private static Field<?> field(PlanExpression.Variable var, Map<String, ? extends Field<?>> attrs) throws Untranslatable {
        String name = var.name();
        String attribute;
        if (name.startsWith(ATTRIBUTE_PREFIX)) {
            attribute = name.substring(ATTRIBUTE_PREFIX.length());
        } else if (name.startsWith("R.attr.")) {
            attribute = name.substring("R.attr.".length());
        } else if (name.equals("request.resource.id") || name.equals("R.id")) {
            attribute = "id";
        } else {
            throw new Untranslatable("variable " + Values.quote(name) + " is not a resource attribute");
        }
        Field<?> f = attrs.get(attribute);
        if (f == null) {
            throw new Untranslatable("attribute " + Values.quote(attribute) + " has no column");
        }
        return f;
    }
}
