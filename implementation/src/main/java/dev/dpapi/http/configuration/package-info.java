/**
 * The configuration API's HTTP services: request parameters, the official answers and status codes, nothing of
 * how a line is edited. Entry point: {@link dev.dpapi.http.configuration.ConfigurationService}; sections are served
 * by {@link dev.dpapi.http.configuration.SectionsService}, the directives inside them by
 * {@link dev.dpapi.http.configuration.ChildrenService}, and every change follows
 * {@link dev.dpapi.http.configuration.Mutations} (version or transaction, one validated write, the reload).
 */
package dev.dpapi.http.configuration;
