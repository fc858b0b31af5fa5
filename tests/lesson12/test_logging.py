"""Lesson 12, step 5: logging (a level from the environment, failed logins, never a password)."""

import logging

from grading.accounts import PASSWORD, log_in, register

LOGS = "configure_logging and log_failed_logins in starter_app/logs.py"


def test_log_level_comes_from_the_environment(create_app, monkeypatch, database):
    """LOG_LEVEL=WARNING makes the app's logger skip INFO lines"""
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "MONGO_URI": database.uri})
    assert app.logger.getEffectiveLevel() == logging.WARNING, (
        f"With LOG_LEVEL=WARNING the app logs from level "
        f"{logging.getLevelName(app.logger.getEffectiveLevel())}. Set app.logger's level "
        f"from the LOG_LEVEL setting ({LOGS})."
    )


def test_failed_logins_are_logged_without_the_password(client, caplog):
    """A failed login is logged (as a warning, with the username), and no password ever is"""
    caplog.set_level(logging.DEBUG)
    register(client, "maya")
    client.post("/auth/logout")
    log_in(client, "maya", "wrong-password-123")
    log_in(client, "maya")
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("maya" in message for message in warnings), (
        f"A failed login for maya logged no warning naming maya (warnings: {warnings}). "
        f"Log it with current_app.logger.warning ({LOGS})."
    )
    leaked = [r.getMessage() for r in caplog.records
              if PASSWORD in r.getMessage() or "wrong-password-123" in r.getMessage()]  # fmt: skip
    assert not leaked, f"A password was written to the log: {leaked[0]!r}. Never log one."


def test_the_database_password_stays_out_of_the_log(create_app, database, caplog, capfd):
    """The log says which database the app uses, without its password"""
    caplog.set_level(logging.DEBUG)
    uri = database.uri.replace("://", "://shelf:s3cret-pw@", 1)
    create_app({"TESTING": True, "SECRET_KEY": "x", "MONGO_URI": uri, "MONGO_TIMEOUT_MS": 300})
    # The records, and what reached stderr (where the lesson sends the log): an app whose
    # logger does not propagate, with handlers of its own, is not seen by caplog.
    messages = [record.getMessage() for record in caplog.records]
    messages += capfd.readouterr().err.splitlines()
    assert any(database.name in message for message in messages), (
        f"Starting the app logged nothing that names its database ({database.name}); log "
        f"one line when the app is ready, with the database ({LOGS})."
    )
    assert not [m for m in messages if "s3cret-pw" in m], (
        "The log shows the database password from MONGO_URI: print mongodb://user:***@host."
    )
