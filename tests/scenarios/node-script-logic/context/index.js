const name = process.env.NAME || "world";
if (name === "world") {
  console.log("default greeting");
} else {
  console.log(`hello ${name}`);
}
for (let i = 1; i <= 3; i++) {
  console.log("step", i, "of", 3);
}
function add(a, b) { return a + b; }
function unused() { console.log("never printed"); }
console.log("sum:", add(2, 3));
const args = process.argv.slice(2);
console.log("args:", args, args.length);
