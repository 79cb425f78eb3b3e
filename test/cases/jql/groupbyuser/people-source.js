// groupByUser over People(): the items are the user records; one per user.
function main() {
  return People().groupByUser(function (state, users) {
    return (state || 0) + users.length;
  });
}
