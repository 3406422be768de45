package org.cityos.billing.internal;

import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.db.Tables.BILLING_CUSTOMER;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.customer.BillingCustomer;
import org.cityos.billing.internal.db.tables.records.BillingCustomerRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.DSLContext;

/** The SQL of billing customers and their credit balances. */
public final class CustomerStore {
    private CustomerStore() {
    }

    public static Optional<BillingCustomerRecord> find(DSLContext tx, UUID tenant, CustomerId id) {
        return tx.selectFrom(BILLING_CUSTOMER).where(BILLING_CUSTOMER.TENANT_ID.eq(tenant))
                .and(BILLING_CUSTOMER.CUSTOMER_ID.eq(id.value())).fetchOptional();
    }

    public static BillingCustomerRecord require(DSLContext tx, UUID tenant, CustomerId id) {
        return find(tx, tenant, id).orElseThrow(() -> unknown(id));
    }

    public static CityOsException unknown(CustomerId id) {
        return new CityOsException(ErrorCode.UNKNOWN_CUSTOMER, "unknown customer: '" + id + "'");
    }

    public static Map<String, BillingCustomerRecord> findAll(DSLContext tx, UUID tenant, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return tx.selectFrom(BILLING_CUSTOMER).where(BILLING_CUSTOMER.TENANT_ID.eq(tenant))
                .and(BILLING_CUSTOMER.CUSTOMER_ID.in(ids)).fetchMap(BILLING_CUSTOMER.CUSTOMER_ID);
    }

    public static void insert(DSLContext tx, UUID tenant, CustomerId id, String gatewayRef, String methodRef,
                              Instant now) {
        tx.insertInto(BILLING_CUSTOMER)
                .set(BILLING_CUSTOMER.TENANT_ID, tenant)
                .set(BILLING_CUSTOMER.CUSTOMER_ID, id.value())
                .set(BILLING_CUSTOMER.GATEWAY_CUSTOMER_REF, gatewayRef)
                .set(BILLING_CUSTOMER.PAYMENT_METHOD_REF, methodRef)
                .set(BILLING_CUSTOMER.CREDIT_BALANCE, 0L)
                .set(BILLING_CUSTOMER.CREATED_AT, odt(now))
                .set(BILLING_CUSTOMER.UPDATED_AT, odt(now))
                .execute();
    }

    public static void updateRefs(DSLContext tx, UUID tenant, CustomerId id, String gatewayRef, String methodRef,
                                  Instant now) {
        tx.update(BILLING_CUSTOMER)
                .set(BILLING_CUSTOMER.GATEWAY_CUSTOMER_REF, gatewayRef)
                .set(BILLING_CUSTOMER.PAYMENT_METHOD_REF, methodRef)
                .set(BILLING_CUSTOMER.UPDATED_AT, odt(now))
                .where(BILLING_CUSTOMER.TENANT_ID.eq(tenant)).and(BILLING_CUSTOMER.CUSTOMER_ID.eq(id.value()))
                .execute();
    }

    /**
     * Moves the credit balance by {@code delta} (negative consumes); consuming never takes it below
     * zero: when a concurrent consumer got there first the update matches no row and this returns false.
     */
    public static boolean adjustCredit(DSLContext tx, UUID tenant, String customer, long delta, Instant now) {
        return tx.update(BILLING_CUSTOMER)
                .set(BILLING_CUSTOMER.CREDIT_BALANCE, BILLING_CUSTOMER.CREDIT_BALANCE.plus(delta))
                .set(BILLING_CUSTOMER.UPDATED_AT, odt(now))
                .where(BILLING_CUSTOMER.TENANT_ID.eq(tenant)).and(BILLING_CUSTOMER.CUSTOMER_ID.eq(customer))
                .and(delta < 0 ? BILLING_CUSTOMER.CREDIT_BALANCE.ge(-delta) : org.jooq.impl.DSL.noCondition())
                .execute() == 1;
    }

    public static BillingCustomer toCustomer(BillingCustomerRecord r) {
        return new BillingCustomer(new CustomerId(r.getCustomerId()), Optional.ofNullable(r.getGatewayCustomerRef()),
                Optional.ofNullable(r.getPaymentMethodRef()), r.getCreditBalance());
    }
}
