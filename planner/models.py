# Values, goals, ladders, the weekly plan and the safety plan arrive with their issues.
