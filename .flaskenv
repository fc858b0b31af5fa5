# Public Flask CLI settings (secrets go in .env): lets `flask run` find the app.
FLASK_APP=starter_app
# `flask run --debug` restarts the app when a file changes. It watches the project, not
# Python's own library folders: Linux limits how many folders one user may watch (often
# to 8,192), and those libraries can hold more than that on their own.
FLASK_RUN_EXCLUDE_PATTERNS=*/lib/python3*
