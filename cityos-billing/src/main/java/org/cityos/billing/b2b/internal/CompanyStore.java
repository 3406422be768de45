package org.cityos.billing.b2b.internal;

import static org.cityos.billing.internal.Rows.inst;
import static org.cityos.billing.internal.Rows.odt;
import static org.cityos.billing.internal.db.Tables.B2B_COMPANY;
import static org.cityos.billing.internal.db.Tables.B2B_COMPANY_ADDRESS;
import static org.cityos.billing.internal.db.Tables.B2B_EMPLOYEE;
import static org.cityos.billing.internal.db.Tables.B2B_INVITATION;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.cityos.billing.CustomerId;
import org.cityos.billing.b2b.AddressId;
import org.cityos.billing.b2b.CompanyId;
import org.cityos.billing.b2b.InvitationId;
import org.cityos.billing.b2b.PaymentTerms;
import org.cityos.billing.b2b.company.Address;
import org.cityos.billing.b2b.company.AddressKind;
import org.cityos.billing.b2b.company.Company;
import org.cityos.billing.b2b.company.Employee;
import org.cityos.billing.b2b.company.EmployeeRole;
import org.cityos.billing.b2b.company.Invitation;
import org.cityos.billing.b2b.company.InvitationStatus;
import org.cityos.billing.internal.db.tables.records.B2bCompanyAddressRecord;
import org.cityos.billing.internal.db.tables.records.B2bCompanyRecord;
import org.cityos.billing.internal.db.tables.records.B2bEmployeeRecord;
import org.cityos.billing.internal.db.tables.records.B2bInvitationRecord;
import org.cityos.core.CityOsException;
import org.cityos.core.ErrorCode;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/** The SQL of companies, their employees, addresses and invitations (internal). */
public final class CompanyStore {
    private CompanyStore() {
    }

    public static CityOsException unknown(CompanyId id) {
        return new CityOsException(ErrorCode.UNKNOWN_COMPANY, "unknown company: '" + id + "'");
    }

    public static Optional<B2bCompanyRecord> find(DSLContext tx, UUID tenant, CompanyId id) {
        return tx.selectFrom(B2B_COMPANY).where(B2B_COMPANY.TENANT_ID.eq(tenant)).and(B2B_COMPANY.ID.eq(id.value()))
                .fetchOptional();
    }

    public static B2bCompanyRecord require(DSLContext tx, UUID tenant, CompanyId id) {
        return find(tx, tenant, id).orElseThrow(() -> unknown(id));
    }

    /** The company row locked until the transaction ends: credit checks and admin counts of one company take turns. */
    public static B2bCompanyRecord lock(DSLContext tx, UUID tenant, CompanyId id) {
        return tx.selectFrom(B2B_COMPANY).where(B2B_COMPANY.TENANT_ID.eq(tenant)).and(B2B_COMPANY.ID.eq(id.value()))
                .forUpdate().fetchOptional().orElseThrow(() -> unknown(id));
    }

    public static Optional<B2bCompanyRecord> byHandle(DSLContext tx, UUID tenant, String handle) {
        return tx.selectFrom(B2B_COMPANY).where(B2B_COMPANY.TENANT_ID.eq(tenant)).and(B2B_COMPANY.HANDLE.eq(handle))
                .fetchOptional();
    }

    public static List<B2bCompanyRecord> page(DSLContext tx, UUID tenant, UUID after, int limit) {
        return tx.selectFrom(B2B_COMPANY).where(B2B_COMPANY.TENANT_ID.eq(tenant))
                .and(after == null ? DSL.noCondition() : B2B_COMPANY.ID.gt(after))
                .orderBy(B2B_COMPANY.ID).limit(limit).fetch();
    }

    public static void insert(DSLContext tx, B2bCompanyRecord r) {
        tx.insertInto(B2B_COMPANY).set(r).execute();
    }

    public static void update(DSLContext tx, B2bCompanyRecord r, Instant now) {
        r.setUpdatedAt(odt(now));
        tx.update(B2B_COMPANY).set(r).where(B2B_COMPANY.TENANT_ID.eq(r.getTenantId())).and(B2B_COMPANY.ID.eq(r.getId()))
                .execute();
        r.changed(false);
    }

    public static Company toCompany(B2bCompanyRecord r) {
        return new Company(new CompanyId(r.getId()), r.getHandle(), r.getName(), r.getCreditLimit(),
                PaymentTerms.of(r.getPaymentTerms()), r.getRequiresApproval(), inst(r.getCreatedAt()));
    }

    // ------------------------------------------------------------------ employees

    public static Optional<B2bEmployeeRecord> employee(DSLContext tx, UUID tenant, CustomerId customer) {
        return tx.selectFrom(B2B_EMPLOYEE).where(B2B_EMPLOYEE.TENANT_ID.eq(tenant))
                .and(B2B_EMPLOYEE.CUSTOMER_ID.eq(customer.value())).fetchOptional();
    }

    public static List<B2bEmployeeRecord> employees(DSLContext tx, UUID tenant, CompanyId company) {
        return tx.selectFrom(B2B_EMPLOYEE).where(B2B_EMPLOYEE.TENANT_ID.eq(tenant))
                .and(B2B_EMPLOYEE.COMPANY_ID.eq(company.value())).orderBy(B2B_EMPLOYEE.CUSTOMER_ID).fetch();
    }

    public static int admins(DSLContext tx, UUID tenant, CompanyId company) {
        return tx.fetchCount(B2B_EMPLOYEE, B2B_EMPLOYEE.TENANT_ID.eq(tenant)
                .and(B2B_EMPLOYEE.COMPANY_ID.eq(company.value()))
                .and(B2B_EMPLOYEE.ROLE.eq(EmployeeRole.ADMIN.code())));
    }

    public static void insertEmployee(DSLContext tx, UUID tenant, CompanyId company, CustomerId customer,
                                      EmployeeRole role, OptionalLong limit, Instant now) {
        tx.insertInto(B2B_EMPLOYEE)
                .set(B2B_EMPLOYEE.TENANT_ID, tenant)
                .set(B2B_EMPLOYEE.CUSTOMER_ID, customer.value())
                .set(B2B_EMPLOYEE.COMPANY_ID, company.value())
                .set(B2B_EMPLOYEE.ROLE, role.code())
                .set(B2B_EMPLOYEE.SPENDING_LIMIT, limit.isPresent() ? limit.getAsLong() : null)
                .set(B2B_EMPLOYEE.CREATED_AT, odt(now))
                .set(B2B_EMPLOYEE.UPDATED_AT, odt(now))
                .execute();
    }

    public static void updateEmployee(DSLContext tx, UUID tenant, CustomerId customer, EmployeeRole role,
                                      OptionalLong limit, Instant now) {
        tx.update(B2B_EMPLOYEE)
                .set(B2B_EMPLOYEE.ROLE, role.code())
                .set(B2B_EMPLOYEE.SPENDING_LIMIT, limit.isPresent() ? limit.getAsLong() : null)
                .set(B2B_EMPLOYEE.UPDATED_AT, odt(now))
                .where(B2B_EMPLOYEE.TENANT_ID.eq(tenant)).and(B2B_EMPLOYEE.CUSTOMER_ID.eq(customer.value()))
                .execute();
    }

    public static void deleteEmployee(DSLContext tx, UUID tenant, CustomerId customer) {
        tx.deleteFrom(B2B_EMPLOYEE).where(B2B_EMPLOYEE.TENANT_ID.eq(tenant))
                .and(B2B_EMPLOYEE.CUSTOMER_ID.eq(customer.value())).execute();
    }

    public static Employee toEmployee(B2bEmployeeRecord r) {
        return new Employee(new CustomerId(r.getCustomerId()), new CompanyId(r.getCompanyId()),
                EmployeeRole.of(r.getRole()),
                r.getSpendingLimit() == null ? OptionalLong.empty() : OptionalLong.of(r.getSpendingLimit()),
                inst(r.getCreatedAt()));
    }

    // ------------------------------------------------------------------ addresses

    public static void insertAddress(DSLContext tx, B2bCompanyAddressRecord r) {
        tx.insertInto(B2B_COMPANY_ADDRESS).set(r).execute();
    }

    public static int deleteAddress(DSLContext tx, UUID tenant, CompanyId company, AddressId id) {
        return tx.deleteFrom(B2B_COMPANY_ADDRESS).where(B2B_COMPANY_ADDRESS.TENANT_ID.eq(tenant))
                .and(B2B_COMPANY_ADDRESS.COMPANY_ID.eq(company.value())).and(B2B_COMPANY_ADDRESS.ID.eq(id.value()))
                .execute();
    }

    public static List<Address> addresses(DSLContext tx, UUID tenant, CompanyId company) {
        return tx.selectFrom(B2B_COMPANY_ADDRESS).where(B2B_COMPANY_ADDRESS.TENANT_ID.eq(tenant))
                .and(B2B_COMPANY_ADDRESS.COMPANY_ID.eq(company.value())).orderBy(B2B_COMPANY_ADDRESS.ID)
                .fetch(CompanyStore::toAddress);
    }

    public static Address toAddress(B2bCompanyAddressRecord r) {
        return new Address(new AddressId(r.getId()), new CompanyId(r.getCompanyId()),
                AddressKind.valueOf(r.getKind().toUpperCase(java.util.Locale.ROOT)), r.getLabel(), r.getLine1(),
                Optional.ofNullable(r.getLine2()), r.getCity(), Optional.ofNullable(r.getRegion()),
                Optional.ofNullable(r.getPostalCode()), r.getCountry());
    }

    // ------------------------------------------------------------------ invitations

    public static void insertInvitation(DSLContext tx, B2bInvitationRecord r) {
        tx.insertInto(B2B_INVITATION).set(r).execute();
    }

    public static Optional<B2bInvitationRecord> invitation(DSLContext tx, UUID tenant, InvitationId id, boolean lock) {
        var q = tx.selectFrom(B2B_INVITATION).where(B2B_INVITATION.TENANT_ID.eq(tenant))
                .and(B2B_INVITATION.ID.eq(id.value()));
        return lock ? q.forUpdate().fetchOptional() : q.fetchOptional();
    }

    public static Optional<B2bInvitationRecord> invitationByHash(DSLContext tx, UUID tenant, String hash) {
        return tx.selectFrom(B2B_INVITATION).where(B2B_INVITATION.TENANT_ID.eq(tenant))
                .and(B2B_INVITATION.TOKEN_HASH.eq(hash)).forUpdate().fetchOptional();
    }

    public static List<Invitation> invitations(DSLContext tx, UUID tenant, CompanyId company, Instant now) {
        return tx.selectFrom(B2B_INVITATION).where(B2B_INVITATION.TENANT_ID.eq(tenant))
                .and(B2B_INVITATION.COMPANY_ID.eq(company.value())).orderBy(B2B_INVITATION.ID)
                .fetch(r -> toInvitation(r, now));
    }

    public static void updateInvitation(DSLContext tx, B2bInvitationRecord r) {
        tx.update(B2B_INVITATION).set(r).where(B2B_INVITATION.TENANT_ID.eq(r.getTenantId()))
                .and(B2B_INVITATION.ID.eq(r.getId())).execute();
        r.changed(false);
    }

    /** The invitation as of {@code now}: a pending one past its expiry reads as expired. */
    public static Invitation toInvitation(B2bInvitationRecord r, Instant now) {
        InvitationStatus status = InvitationStatus.of(r.getStatus());
        if (status == InvitationStatus.PENDING && now.isAfter(inst(r.getExpiresAt()))) {
            status = InvitationStatus.EXPIRED;
        }
        return new Invitation(new InvitationId(r.getId()), new CompanyId(r.getCompanyId()), r.getEmail(),
                EmployeeRole.of(r.getRole()),
                r.getSpendingLimit() == null ? OptionalLong.empty() : OptionalLong.of(r.getSpendingLimit()), status,
                r.getInvitedBy(), inst(r.getExpiresAt()),
                Optional.ofNullable(r.getAcceptedBy()).map(CustomerId::new), inst(r.getCreatedAt()));
    }
}
