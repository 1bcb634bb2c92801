/**
 * Set the stored search words of every thing in one pass, for generators that load rows with
 * the words triggers off. The words are those of `stashsphere_thing_search_words` (migration
 * thing_search_words), which looks up each thing's properties in turn: with the secondary
 * indexes dropped for a bulk load, that is a scan of all properties per thing.
 */
export const fillSearchWordsSql = `
  update things t set
    search_words = strip(to_tsvector('simple', lower(stashsphere_unaccent(concat_ws(' ', t.name, t.description, v.property_values))))),
    note_words = strip(to_tsvector('simple', lower(stashsphere_unaccent(t.private_note))))
  from (
    select t2.id, pv.property_values from things t2
    left join (
      select thing_id, string_agg(value_string, ' ' order by pos, id) as property_values from properties group by thing_id
    ) as pv on pv.thing_id = t2.id
  ) as v
  where v.id = t.id`;

/** Add the words of every thing to `search_vocabulary` (migration search_vocabulary), after `fillSearchWordsSql`. */
export const fillSearchVocabularySql = `
  insert into search_vocabulary (word)
  select distinct word from things, unnest(tsvector_to_array(search_words) || tsvector_to_array(note_words)) as word
  on conflict do nothing`;
