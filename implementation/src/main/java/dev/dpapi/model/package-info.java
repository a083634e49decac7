/**
 * The configuration resources as JSON models over the text: one grammar of argument shapes and value types
 * ({@link dev.dpapi.model.Arg}, {@link dev.dpapi.model.ArgList}, {@link dev.dpapi.model.Value}) and one table per
 * resource ({@link dev.dpapi.model.SectionTables}, {@link dev.dpapi.model.LineModel},
 * {@link dev.dpapi.model.RuleTables}...). Entry point: {@link dev.dpapi.model.SectionEditor}, which reads and writes
 * a section through its table and edits the lines of one kind inside it; {@link dev.dpapi.model.ConfigModels} gives
 * other capabilities (sites) the same models. Depends on the text and on JSON only, never on HTTP.
 */
package dev.dpapi.model;
