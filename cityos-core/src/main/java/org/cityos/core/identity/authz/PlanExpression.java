package org.cityos.core.identity.authz;

import java.util.List;
import java.util.Objects;

/**
 * The condition tree of a conditional {@link AccessPlan}, in the shape the Cerbos PDP's query plan
 * uses: operations ({@code and}, {@code or}, {@code not}, {@code eq}, {@code ne}, {@code in},
 * {@code lt}, {@code le}, {@code gt}, {@code ge}) over variables
 * ({@code request.resource.attr.vendor}) and values.
 */
public sealed interface PlanExpression {

    /** An operator applied to operands. */
    record Operation(String operator, List<PlanExpression> operands) implements PlanExpression {
        public Operation {
            Objects.requireNonNull(operator, "operator");
            operands = List.copyOf(operands);
        }
    }

    /** A variable, such as {@code request.resource.attr.tenant}. */
    record Variable(String name) implements PlanExpression {
        public Variable {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A constant: a string, number, boolean, null, or a list of them. */
    record Value(Object value) implements PlanExpression {
    }

    /** {@code and} of the operands. */
    static PlanExpression and(List<PlanExpression> operands) {
        return operands.size() == 1 ? operands.get(0) : new Operation("and", operands);
    }

    /** {@code or} of the operands. */
    static PlanExpression or(List<PlanExpression> operands) {
        return operands.size() == 1 ? operands.get(0) : new Operation("or", operands);
    }

    /** The resource attribute {@code name}. */
    static Variable attribute(String name) {
        return new Variable(AccessPlan.ATTRIBUTE_PREFIX + name);
    }
}
