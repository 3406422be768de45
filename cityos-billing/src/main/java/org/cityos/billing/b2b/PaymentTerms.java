package org.cityos.billing.b2b;

import java.util.Locale;

import org.cityos.core.CityOsException;

/** When a company pays an invoice on terms: {@code net_15}, {@code net_30} or {@code net_60} days after issue. */
public enum PaymentTerms {
    NET_15(15), NET_30(30), NET_60(60);

    private final int days;

    PaymentTerms(int days) {
        this.days = days;
    }

    /** Days from issue to due. */
    public int days() {
        return days;
    }

    /** The wire form, e.g. {@code net_30}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the wire form; {@code invalid_argument} naming the text otherwise. */
    public static PaymentTerms of(String code) {
        for (PaymentTerms t : values()) {
            if (t.code().equals(code)) {
                return t;
            }
        }
        throw CityOsException.invalid("payment terms", code, "must be net_15, net_30 or net_60");
    }
}
