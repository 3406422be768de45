/**
 * The marketplace's money rules as pure functions over {@code long} minor units: discount
 * allocation, commission on a line, rule precedence and validation, order splitting and refund
 * recomputation. No database, no clock, no floating point; every figure is exact and rounded once.
 */
package org.cityos.marketplace.rules;
