// Issue 11 item 1: one entry of the key list is multiple_keys of two keys: tags (a
// list) fans out, name (a string) is a plain component.
// e1 signup -, e2 view [a,b], e3 purchase -, e4 view [b], e5 purchase -, e6 view [],
// e7 view -, e8 signup -, e9 view -, e10 purchase -   (- = no tags: null)
// [null,purchase] e3 e5 e10; [null,signup] e1 e8; [null,view] e7 e9; [a,view] e2;
// [b,view] e2 e4; e6 (empty list) is in no group.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([mixpanel.multiple_keys(['properties.tags', 'name'])], mixpanel.reducer.count());
}
