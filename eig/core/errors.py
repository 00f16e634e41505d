class DomainError(Exception):
    """A business rule was not met. Its message is in French and fit to show a user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
