// A key function that must run in the sandbox (String() is not translated) and a
// reducer accessor that is a plain field: the sandbox must ship that field too.
// By hand: amounts per name, numbers only ("7" is a string): purchase 25.5+100+40,
// signup none, view 10+5.
function main() {
  return Events({ from_date: '2016-03-15', to_date: '2016-03-17' })
    .groupBy([function (e) { return String(e.name); }], mixpanel.reducer.sum(function (e) { return e.properties.amount; }));
}
