# Public Flask CLI settings (secrets go in .env): lets `flask run` find the app.
FLASK_APP=starter_app
