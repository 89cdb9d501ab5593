const express = require('express');
const PORT = process.env.PORT || 3000;
const app = express();

app.get('/', (req, res) => {
  console.log(`GET / from ${req.ip}`);
  res.send('Hello from Express');
});

console.log(`Starting in ${process.env.NODE_ENV || 'development'} mode`);
app.listen(PORT, () => console.log(`Listening on port ${PORT}`));
