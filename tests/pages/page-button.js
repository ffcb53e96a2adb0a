// The host page's own behaviour, to check that a crashed widget leaves it working.
document.getElementById('page-button').addEventListener('click', function () {
  document.getElementById('page-output').textContent = 'The page still works.';
});
