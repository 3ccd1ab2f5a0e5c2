package io.modelfleet.shell.internal;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

@Service
@Command(scope = "fleet", name = "user-list", description = "Lists operator accounts")
public class UserListCommand extends FleetAction {
    @Reference
    private UserService users;

    @Override
    protected void run() {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"USERNAME", "ROLE", "DISABLED", "CREATED", "LAST LOGIN"}) {
            table.column(column);
        }
        // the service pages its results; walk every page so the operator sees all accounts
        long offset = 0;
        Page<User> page;
        do {
            page = users.list(new PageRequest(PageRequest.MAX_LIMIT, offset));
            for (User user : page.items()) {
                table.addRow().addContent(user.username(), user.role(), user.disabled(),
                        Format.time(user.createdAt()), Format.time(user.lastLoginAt()));
            }
            offset += page.items().size();
        } while (!page.items().isEmpty() && offset < page.total());
        table.print(System.out);
    }
}
