package io.modelfleet.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.table.ShellTable;

import io.modelfleet.api.Page;
import io.modelfleet.api.PageRequest;
import io.modelfleet.api.security.User;
import io.modelfleet.api.security.UserService;

@Service
@Command(scope = "fleet", name = "user-list", description = "Lists operator accounts")
public class UserListCommand extends FleetAction {

    @Reference
    UserService users;

    @Override
    void run() {
        ShellTable table = new ShellTable().emptyTableText("no users");
        table.column("USERNAME");
        table.column("ROLE");
        table.column("DISABLED");
        table.column("CREATED");
        table.column("LAST LOGIN");
        // operator accounts are few, so the command shows all of them rather than a page
        long offset = 0;
        Page<User> page;
        do {
            page = users.list(new PageRequest(PageRequest.MAX_LIMIT, offset));
            for (User user : page.items()) {
                table.addRow().addContent(user.username(), user.role(), user.disabled() ? "yes" : "no",
                        Format.instant(user.createdAt()),
                        user.lastLoginAt() == null ? "never" : Format.instant(user.lastLoginAt()));
            }
            offset += page.items().size();
        } while (!page.items().isEmpty() && offset < page.total());
        table.print(System.out);
    }
}
