package ai.avala.pipeline.console;

/**
 * The actions an operator may take from the console, carried out by the command line's own logic (the {@code cli}
 * package implements this), so that a button does exactly what the command does.
 */
public interface ConsoleActions {

	/**
	 * Performs one action on an execution's run and returns the line the command would have printed.
	 * @param action one of {@link Action}
	 * @throws RuntimeException when the command would have refused, its message the line it would have printed
	 */
	String perform(Action action, long executionId);

	/** What the console offers; each is the command of the same name. */
	enum Action {

		STOP, RESTART, PAUSE, RESUME, CANCEL, ABANDON;

		String word() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

		static Action of(String word) {
			for (Action action : values()) {
				if (action.word().equals(word)) {
					return action;
				}
			}
			return null;
		}

	}

}
