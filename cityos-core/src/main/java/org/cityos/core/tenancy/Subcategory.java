package org.cityos.core.tenancy;

/** A subcategory within a category (restaurants within food). */
public record Subcategory(SubcategoryId id, CategoryId category, String handle, String name, Status status) {
}
